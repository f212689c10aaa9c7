package dev.rung;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RungApplication {

    public static void main(String[] args) {
        SpringApplication.run(RungApplication.class, args);
    }
}
