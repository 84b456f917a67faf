package io.sosae.model.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds ustar .tgz files in memory for tests. */
final class TarTestFiles {
    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    TarTestFiles file(String name, String content) {
        return entry(name, '0', content.getBytes(StandardCharsets.UTF_8));
    }

    TarTestFiles entry(String name, char type, byte[] data) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", data.length));
        put(header, 136, String.format("%011o", 0));
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
        }
        put(header, 148, String.format("%06o", sum));
        header[155] = ' ';
        tar.writeBytes(header);
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return this;
    }

    /** A pax header naming the next entry. */
    TarTestFiles paxPath(String path) {
        String body = " path=" + path + "\n";
        int len = body.length() + 2;
        String record = len + body;
        if (record.length() != len) {
            record = (len + 1) + body;
        }
        return entry("PaxHeader", 'x', record.getBytes(StandardCharsets.UTF_8));
    }

    Path writeTgz(Path file) throws IOException {
        byte[] bytes = tar.toByteArray();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes);
            out.write(new byte[1024]);
        }
        return file;
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
    }
}
