package io.sosae.tools.cli;

/** What the sosae command's exit status means. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something failed while running (see the message). */
    public static final int FAILURE = 1;
    /** The command line was wrong: an unknown option or an invalid value. */
    public static final int USAGE = 2;
    /** A data set or other input could not be obtained; the message says how to get it. */
    public static final int INPUT_UNAVAILABLE = 3;
    /** A benchmark ran but missed a target it checks; the report says which. */
    public static final int TARGET_MISSED = 4;

    private ExitCodes() {}
}
