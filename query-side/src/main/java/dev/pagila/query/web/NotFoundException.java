package dev.pagila.query.web;

import dev.pagila.infra.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The query API's 404: the read model knows nothing by that id. Thrown rather than returned, so an endpoint's return
 * type is its answer; the RFC 9457 advice writes the problem it carries.
 */
public class NotFoundException extends ErrorResponseException {

    public NotFoundException(String what) {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "no " + what + " is known"),
                null);
    }
}
