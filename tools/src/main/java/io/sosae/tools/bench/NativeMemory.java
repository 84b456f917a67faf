package io.sosae.tools.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Hands freed native memory back to the operating system (glibc's {@code malloc_trim}), so that a
 * phase's resident set measures what that phase holds rather than what an earlier one left in the
 * allocator's free lists: libtorch's tensors of a thousand closed models stay resident otherwise.
 */
final class NativeMemory {
    private NativeMemory() {}

    private interface C extends Library {
        int malloc_trim(long pad);
    }

    /** @return whether memory was returned; false where the C library has no malloc_trim (not glibc) */
    static boolean trim() {
        try {
            return Native.load("c", C.class).malloc_trim(0) == 1;
        } catch (UnsatisfiedLinkError e) {
            return false; // musl or another libc: the caller reports the figures as untrimmed
        }
    }
}
