package io.sosae.model.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a gzip-compressed tar (what {@code npm pack} writes) with Apache commons-compress, which
 * reads ustar, pax and GNU long names. Only regular files and directories are written; links,
 * devices and sparse files are refused, as are entries that would land outside the destination and
 * headers with a bad checksum.
 */
public final class TgzExtractor {
    private TgzExtractor() {}

    /** Extracts every regular file under {@code destination}; returns their paths in archive order. */
    public static List<Path> extract(Path tgz, Path destination) throws IOException {
        Path root = destination.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Path> written = new ArrayList<>();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tgz), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(gunzip(tgz, file))) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(tgz, tar)) != null) {
                if (!entry.isCheckSumOK()) {
                    throw new DatasetFormatException(
                            tgz + ": tar header checksum of '" + entry.getName() + "' does not match its bytes");
                }
                byte type = entry.getLinkFlag();
                Path target = safeResolve(tgz, root, entry.getName());
                if (type == TarConstants.LF_DIR) {
                    Files.createDirectories(target);
                } else if (type == TarConstants.LF_NORMAL
                        || type == TarConstants.LF_OLDNORM
                        || type == TarConstants.LF_CONTIG) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    written.add(target);
                } else {
                    throw new DatasetFormatException(
                            tgz + ": unsupported tar entry type '" + (char) type + "' for " + entry.getName());
                }
            }
        }
        return written;
    }

    private static InputStream gunzip(Path tgz, InputStream in) throws IOException {
        try {
            return new GzipCompressorInputStream(in, true);
        } catch (IOException e) {
            in.close();
            throw new DatasetFormatException(tgz + ": not a valid gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static TarArchiveEntry nextEntry(Path tgz, TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw new DatasetFormatException(tgz + ": not a valid tar archive (" + e.getMessage() + ")", e);
        }
    }

    /** {@code name} under {@code root}, refusing names that are empty, absolute or climb out with "..". */
    private static Path safeResolve(Path tgz, Path root, String name) throws DatasetFormatException {
        Path target = root.resolve(name).normalize();
        if (name.isEmpty() || !target.startsWith(root) || target.equals(root)) {
            throw new DatasetFormatException(tgz + ": tar entry '" + name + "' would land outside " + root);
        }
        return target;
    }
}
