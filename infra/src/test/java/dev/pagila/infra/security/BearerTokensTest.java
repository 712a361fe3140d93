package dev.pagila.infra.security;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokensTest {

    private final BearerTokens tokens = new BearerTokens();

    @Test
    void readsTheTokenOfABearerHeaderWhateverTheSchemesCase() {
        assertThat(tokens.resolve(withAuthorization("Bearer eyJ0.eyJ1-_~+/.sig=="))).isEqualTo("eyJ0.eyJ1-_~+/.sig==");
        assertThat(tokens.resolve(withAuthorization("bearer abc"))).isEqualTo("abc");
    }

    @Test
    void leavesRequestsWithoutABearerHeaderToTheRulesOfThePath() {
        assertThat(tokens.resolve(withAuthorization(null))).isNull();
        assertThat(tokens.resolve(withAuthorization("Basic dXNlcjpwYXNz"))).isNull();
    }

    @Test
    void refusesAMalformedBearerToken() {
        for (String header : new String[] {"Bearer ", "Bearer a b", "Bearer abc=d", "Bearer ==", "Bearer\tabc", "Bearer a\"b"}) {
            assertThatThrownBy(() -> tokens.resolve(withAuthorization(header))).as(header)
                    .isInstanceOf(OAuth2AuthenticationException.class)
                    .satisfies(e -> assertThat(((OAuth2AuthenticationException) e).getError().getErrorCode()).isEqualTo("invalid_token"));
        }
    }

    private static HttpServletRequest withAuthorization(String header) {
        return (HttpServletRequest) Proxy.newProxyInstance(BearerTokensTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> method.getName().equals("getHeader") && "Authorization".equals(args[0]) ? header : null);
    }
}
