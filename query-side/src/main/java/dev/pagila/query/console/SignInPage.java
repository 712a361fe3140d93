package dev.pagila.query.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Duration;

/** Signing in to the console with the operations account, through the command API's sign-in, and out again. */
@Controller
@Hidden // pages for a browser, not part of the API the OpenAPI document describes
public class SignInPage {

    private final CommandApi commandApi;

    public SignInPage(CommandApi commandApi) {
        this.commandApi = commandApi;
    }

    @GetMapping(ConsoleSecurity.PATH + "/sign-in")
    public String form(@RequestParam(required = false) String expired, Model model) {
        if (expired != null) {
            model.addAttribute("message", "Your session has ended. Sign in again.");
        }
        return "console/sign-in";
    }

    @PostMapping(ConsoleSecurity.PATH + "/sign-in")
    public String signIn(@RequestParam String username, @RequestParam String password, HttpServletRequest request,
                         HttpServletResponse response, Model model) {
        CommandApi.Answer answer = commandApi.signIn(username, password);
        if (!answer.ok()) {
            response.setStatus(answer.status() == 429 ? 429 : 401);
            model.addAttribute("message", answer.status() == 429 ? "Too many failed sign-ins from here; try again later."
                    : "The username and password do not match an account that may sign in now.");
            model.addAttribute("username", username);
            return "console/sign-in";
        }
        String token = answer.body().path("access_token").asText();
        Duration lifetime = Duration.ofSeconds(answer.body().path("expires_in").asLong());
        response.addHeader(HttpHeaders.SET_COOKIE, ConsoleCookies.holding(token, lifetime, request.isSecure()));
        return "redirect:" + ConsoleSecurity.PATH;
    }

    @PostMapping(ConsoleSecurity.PATH + "/sign-out")
    public String signOut(HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, ConsoleCookies.expired(ConsoleSecurity.TOKEN_COOKIE));
        return "redirect:" + ConsoleSecurity.PATH + "/sign-in";
    }
}
