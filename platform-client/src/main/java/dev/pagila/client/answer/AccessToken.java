package dev.pagila.client.answer;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A successful sign-in ({@code POST /api/auth/token}): a bearer token good for {@code expiresIn} seconds. */
public record AccessToken(@JsonProperty("access_token") String accessToken,
                          @JsonProperty("token_type") String tokenType,
                          @JsonProperty("expires_in") long expiresIn,
                          List<String> roles) {

    public AccessToken {
        roles = roles == null ? List.of() : roles;
    }

    /** The {@code Authorization} header's value. */
    public String authorization() {
        return "Bearer " + accessToken;
    }
}
