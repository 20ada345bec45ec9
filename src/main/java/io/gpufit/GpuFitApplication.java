package io.gpufit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Answers how much GPU memory an LLM needs to serve a load, and which GPU to run it on. */
@SpringBootApplication
public class GpuFitApplication {

    public static void main(String[] args) {
        SpringApplication.run(GpuFitApplication.class, args);
    }
}
