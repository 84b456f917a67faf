/**
 * Autoencoders trained by a mutation-only genetic algorithm, after "Training Deep Autoencoders
 * with Genetic Algorithms" (Norbert Váradi, DTU 2021): the paper's small convolutional
 * autoencoder with a 2-D latent ({@link PaperNetwork}), its whole population evaluated in one
 * batched tensor pass ({@link PopulationFitness}), the evolution ({@link MutationGa}), a
 * backpropagation trainer of the same network for comparison ({@link BackpropTrainer}), and a
 * dense autoencoder evolved on a stream behind the project's compressor interface
 * ({@link EvolvedAutoencoder}). docs/ga.md records the decisions and the measurements.
 */
package io.sosae.model.ga;
