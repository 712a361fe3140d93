package dev.pagila.client.answer;

import java.util.List;

/**
 * A list answer: one page of the query API's long lists ({@code next} is the cursor of the following page, null on
 * the last), or an admin list, which comes whole.
 */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = items == null ? List.of() : items;
    }
}
