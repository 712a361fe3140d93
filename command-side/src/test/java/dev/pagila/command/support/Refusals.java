package dev.pagila.command.support;

import dev.pagila.command.shared.Rule;
import dev.pagila.command.shared.RuleViolationException;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** For aggregate fixtures: which rule refused the command, not only that one did. */
public final class Refusals {

    private Refusals() {
    }

    public static Matcher<RuleViolationException> refusedBy(Rule rule) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(RuleViolationException refusal) {
                return refusal.rule() == rule;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a refusal by the rule " + rule.code());
            }

            @Override
            protected void describeMismatchSafely(RuleViolationException refusal, Description mismatch) {
                mismatch.appendText("refused by " + refusal.rule().code() + ": " + refusal.getMessage());
            }
        };
    }
}
