package dev.pagila.query.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * The command API, for what the console shows or does there: signing the operator in, and the live migration. The
 * console passes the operator's own token on, so the command side checks the role and records who acted.
 */
@Component
public class CommandApi {

    /** An answer: its status and its JSON body (a problem when refused). */
    public record Answer(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final RestClient http;
    private final ObjectMapper json;

    public CommandApi(@Value("${pagila.security.issuer}") String commandApi, ObjectMapper json) {
        this.json = json;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        requests.setReadTimeout(Duration.ofSeconds(30));
        this.http = RestClient.builder().baseUrl(commandApi).requestFactory(requests).build();
    }

    public Answer signIn(String username, String password) {
        return exchange(http.post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("username", username, "password", password)));
    }

    public Answer get(String path, String token) {
        return exchange(http.get().uri(path).header("Authorization", "Bearer " + token));
    }

    public Answer post(String path, String token) {
        return exchange(http.post().uri(path).header("Authorization", "Bearer " + token));
    }

    private Answer exchange(RestClient.RequestHeadersSpec<?> request) {
        return request.exchange((sent, response) -> {
            byte[] body = response.getBody().readAllBytes();
            return new Answer(response.getStatusCode().value(), body.length == 0 ? null : json.readTree(body));
        });
    }
}
