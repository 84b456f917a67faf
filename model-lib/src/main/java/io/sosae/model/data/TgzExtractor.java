package io.sosae.model.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Unpacks a gzip-compressed tar (what {@code npm pack} writes) with the JDK only. Handles ustar
 * regular files and directories, pax ({@code x}) and GNU long ({@code L}) names; refuses links,
 * devices, entries that would land outside the destination, and headers with a bad checksum.
 */
public final class TgzExtractor {
    private static final int BLOCK = 512;

    private TgzExtractor() {
    }

    /** Extracts every regular file under {@code destination}; returns their paths in archive order. */
    public static List<Path> extract(Path tgz, Path destination) throws IOException {
        try {
            return extractChecked(tgz, destination);
        } catch (ZipException e) {
            throw new DatasetFormatException(tgz + ": not a valid gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> extractChecked(Path tgz, Path destination) throws IOException {
        Path root = destination.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Path> written = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16))) {
            String pendingName = null;
            byte[] header = new byte[BLOCK];
            while (true) {
                int n = in.readNBytes(header, 0, BLOCK);
                if (n == 0 || isZero(header)) {
                    break; // end-of-archive marker (or a tar without one)
                }
                if (n < BLOCK) {
                    throw new DatasetFormatException(tgz + ": truncated tar header");
                }
                checkHeaderChecksum(tgz, header);
                char type = (char) header[156];
                long size = parseOctal(tgz, header, 124, 12);
                String name = pendingName != null ? pendingName : headerName(header);
                pendingName = null;
                switch (type) {
                    case 'x' -> pendingName = paxPath(new String(readData(tgz, in, size), StandardCharsets.UTF_8));
                    case 'g' -> readData(tgz, in, size); // global pax defaults: nothing we use
                    case 'L' -> pendingName = cString(readData(tgz, in, size), 0, (int) size);
                    case '5' -> Files.createDirectories(safeResolve(tgz, root, name));
                    case '0', '\0', '7' -> written.add(writeFile(tgz, in, safeResolve(tgz, root, name), size));
                    default -> throw new DatasetFormatException(tgz + ": unsupported tar entry type '" + type
                            + "' for " + name);
                }
            }
        }
        return written;
    }

    private static Path writeFile(Path tgz, InputStream in, Path target, long size) throws IOException {
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[1 << 16];
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new DatasetFormatException(tgz + ": truncated data of " + target.getFileName());
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        skipPadding(tgz, in, size);
        return target;
    }

    private static byte[] readData(Path tgz, InputStream in, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 8L) {
            throw new DatasetFormatException(tgz + ": tar metadata entry of " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new DatasetFormatException(tgz + ": truncated tar metadata entry");
        }
        skipPadding(tgz, in, size);
        return data;
    }

    private static void skipPadding(Path tgz, InputStream in, long size) throws IOException {
        int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
        if (in.readNBytes(padding).length < padding) {
            throw new DatasetFormatException(tgz + ": truncated tar padding");
        }
    }

    private static Path safeResolve(Path tgz, Path root, String name) throws DatasetFormatException {
        Path target = root.resolve(name).normalize();
        if (name.isEmpty() || !target.startsWith(root) || target.equals(root)) {
            throw new DatasetFormatException(tgz + ": tar entry '" + name + "' would land outside " + root);
        }
        return target;
    }

    private static String headerName(byte[] header) {
        String name = cString(header, 0, 100);
        boolean ustar = "ustar".equals(cString(header, 257, 5));
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The "path" record of a pax header ("LEN path=VALUE\n" records), or null. */
    private static String paxPath(String pax) {
        for (String record : pax.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static void checkHeaderChecksum(Path tgz, byte[] header) throws DatasetFormatException {
        long stored = parseOctal(tgz, header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
        }
        if (sum != stored) {
            throw new DatasetFormatException(tgz + ": tar header checksum " + stored + " does not match " + sum);
        }
    }

    private static long parseOctal(Path tgz, byte[] header, int offset, int length) throws DatasetFormatException {
        if ((header[offset] & 0x80) != 0) {
            throw new DatasetFormatException(tgz + ": base-256 tar numbers (entries over 8 GiB) are not supported");
        }
        int i = offset;
        int end = offset + length;
        while (i < end && header[i] == ' ') {
            i++; // leading spaces pad some writers' numbers
        }
        long value = 0;
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            byte b = header[i];
            if (b < '0' || b > '7') {
                throw new DatasetFormatException(tgz + ": bad octal digit in tar header at byte " + i);
            }
            value = value * 8 + (b - '0');
        }
        return value;
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
