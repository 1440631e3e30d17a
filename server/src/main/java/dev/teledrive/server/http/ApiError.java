package dev.teledrive.server.http;

/**
 * The body of every REST error: a code for programs and a sentence for people that says what to do.
 *
 * @param error   {@code not_found}, {@code unauthorized}, {@code forbidden} or {@code rate_limited}
 * @param message what went wrong and what to do
 */
record ApiError(String error, String message) {}
