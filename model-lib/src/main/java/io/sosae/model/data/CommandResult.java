package io.sosae.model.data;

/** Exit code and captured output of a finished external command. */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The last {@code maxChars} characters of stderr (or stdout when stderr is empty), for messages. */
    public String outputTail(int maxChars) {
        String text = (stderr == null || stderr.isBlank() ? stdout : stderr).strip();
        return text.length() <= maxChars ? text : "..." + text.substring(text.length() - maxChars);
    }
}
