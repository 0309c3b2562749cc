package dev.trialstream.worker.trial;

/**
 * A dataset that could not be read now because where it lives did not answer (the broker is
 * away): trying again later may succeed, unlike a dataset that is not there or fails its hash.
 */
public final class DatasetUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatasetUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
