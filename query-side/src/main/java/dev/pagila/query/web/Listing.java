package dev.pagila.query.web;

import java.util.List;

/** An answer that is a whole list, in the {@code {"items": [...]}} shape the pages have too. */
public record Listing<T>(List<T> items) {
}
