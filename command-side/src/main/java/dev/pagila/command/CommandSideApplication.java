package dev.pagila.command;

import dev.pagila.command.migration.ImportCommandLine;
import dev.pagila.infra.web.ProblemDetailsAdvice;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

import java.util.Arrays;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import(ProblemDetailsAdvice.class)
public class CommandSideApplication {

    public static void main(String[] args) throws Exception {
        // Axon's update checker phones home at startup; it reads this JVM property, not Spring's environment
        System.setProperty("axoniq.update-checker.disabled",
                System.getProperty("axoniq.update-checker.disabled", "true"));
        if (args.length > 0 && args[0].equals("import")) {
            System.exit(ImportCommandLine.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
