package dev.pagila.query;

import dev.pagila.infra.web.ProblemDetailsAdvice;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import(ProblemDetailsAdvice.class)
public class QuerySideApplication {

    public static void main(String[] args) {
        // Axon's update checker phones home at startup; it reads this JVM property, not Spring's environment
        System.setProperty("axoniq.update-checker.disabled",
                System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
