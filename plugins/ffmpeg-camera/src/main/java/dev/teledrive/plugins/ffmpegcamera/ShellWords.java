package dev.teledrive.plugins.ffmpegcamera;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one configuration value into arguments the way a POSIX shell would, so a user can paste
 * the input part of an ffmpeg command line they tried in a terminal. Quotes and backslashes are
 * honoured; nothing is expanded (no variables, globs or {@code ~}), because no shell runs.
 */
final class ShellWords {

    private ShellWords() {}

    /**
     * The arguments in {@code line}.
     *
     * @throws IllegalArgumentException if a quote is not closed or the line ends in a lone backslash
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        // A quoted empty string ('') is still an argument, so "in a word" is tracked apart from its length.
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("the single quote at column " + (i + 1) + " is not closed");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(line, i, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("the line ends in a backslash that escapes nothing");
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    /** Appends a double-quoted part starting at {@code open}; returns the index after its closing quote. */
    private static int doubleQuoted(String line, int open, StringBuilder word) {
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            // Inside double quotes a shell keeps the backslash unless it escapes one of these.
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("the double quote at column " + (open + 1) + " is not closed");
    }
}
