package fr.spie.hub;

import fr.spie.hub.cli.CommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The SPIE Hub: a server by default, a command-line tool when its first argument names a command. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SpieHubApplication {

    public static void main(String[] args) {
        if (CommandLine.isCommand(args)) {
            System.exit(CommandLine.run(args));
        }
        SpringApplication.run(SpieHubApplication.class, args);
    }
}
