package dev.pagila.command.shared;

/** A command refused by a business rule (a copy that is out, an inactive customer...): answered 409. */
public class RuleViolationException extends RuntimeException {

    private final String rule;

    public RuleViolationException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** A stable name for the rule, for clients that branch on it. */
    public String rule() {
        return rule;
    }
}
