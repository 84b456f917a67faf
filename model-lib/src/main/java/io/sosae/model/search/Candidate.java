package io.sosae.model.search;

/**
 * One trained width of a hidden-size search.
 *
 * @param validationError mean absolute reconstruction error on the held-out rows
 * @param flops training plus evaluation FLOPs spent on this candidate ({@link io.sosae.model.core.Flops})
 */
public record Candidate(int width, double validationError, double flops, double seconds) {}
