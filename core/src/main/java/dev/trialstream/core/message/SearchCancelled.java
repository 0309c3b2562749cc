package dev.trialstream.core.message;

/**
 * A search was cancelled; kept on the compacted topic so a late reader still sees it.
 *
 * @param finalFit        fit the final model anyway, on the trials that completed before the cancel, as
 *                        if the budget ended there ({@code cancel --final-fit}, and Ctrl-C in {@code
 *                        local}); false: no model. Added in schema version 5 (false in an older message).
 * @param abandonFinalFit also end a search already in its final fit, cancelled with no model (its fit's
 *                        result, if one comes, is ignored) — a plain cancel leaves a final fit alone, since
 *                        it may be a cancel sent while the search ran that arrives after its last trial
 *                        ended ({@code cancel --abandon-final-fit}). Never with {@code finalFit}. Added
 *                        within schema version 5 (false in a message without it: a plain cancel).
 */
public record SearchCancelled(String searchId, String reason, long at, boolean finalFit, boolean abandonFinalFit)
        implements SearchMessage {

    public SearchCancelled {
        Checks.id(searchId, "searchId");
        Checks.text(reason, "reason");
        Checks.atLeast(at, 0, "at");
        if (finalFit && abandonFinalFit) {
            throw new IllegalArgumentException("finalFit and abandonFinalFit cannot both be true: one asks for the"
                    + " final model, the other gives it up");
        }
    }

    /** A cancel that leaves a final fit under way alone. */
    public SearchCancelled(String searchId, String reason, long at, boolean finalFit) {
        this(searchId, reason, at, finalFit, false);
    }

    /** A cancel with no final model. */
    public SearchCancelled(String searchId, String reason, long at) {
        this(searchId, reason, at, false);
    }
}
