package dev.pagila.command.shared;

/** A command refused by a business rule (a copy that is out, an inactive customer...): answered 409. */
public class RuleViolationException extends RuntimeException {

    private final Rule rule;

    public RuleViolationException(Rule rule, String message) {
        super(message);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
