package dev.rung.simulator.internal;

import io.swagger.v3.oas.annotations.Hidden;

import jakarta.servlet.http.Part;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Set;

/** OpenAI's Files API as the simulated provider serves it: upload, retrieve, download. */
@RestController
@Hidden
@RequestMapping(dev.rung.simulator.SimulatorServer.PATH_PREFIX)
@ConditionalOnBooleanProperty("rung.simulator.enabled")
class FilesSimulator {

    private static final Set<String> PURPOSES =
            Set.of("assistants", "batch", "fine-tune", "vision", "user_data", "evals");

    private final SimulatedFiles files;

    FilesSimulator(SimulatedFiles files) {
        this.files = files;
    }

    @PostMapping(path = "/v1/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> upload(
            // A servlet part, not a MultipartFile: clients (the official SDKs among them) may send
            // the file without a filename, which Spring would otherwise read as a plain field.
            @RequestPart("file") Part file, @RequestParam("purpose") String purpose)
            throws IOException {
        if (!PURPOSES.contains(purpose)) {
            return WireResponses.badRequest(
                    new HttpHeaders(),
                    "'"
                            + purpose
                            + "' is not one of ['assistants', 'batch', 'fine-tune', 'vision',"
                            + " 'user_data', 'evals'] - 'purpose'",
                    "purpose");
        }
        String name = file.getSubmittedFileName() == null ? "upload" : file.getSubmittedFileName();
        try (var content = file.getInputStream()) {
            return ResponseEntity.ok(
                    SimulatedFiles.view(files.store(name, purpose, content.readAllBytes())));
        }
    }

    @GetMapping(path = "/v1/files/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> retrieve(@PathVariable String id) {
        return files.find(id)
                .<ResponseEntity<?>>map(file -> ResponseEntity.ok(SimulatedFiles.view(file)))
                .orElseGet(() -> notFound(id));
    }

    @GetMapping(path = "/v1/files/{id}/content")
    ResponseEntity<?> content(@PathVariable String id) {
        return files.find(id)
                .<ResponseEntity<?>>map(
                        file ->
                                ResponseEntity.ok()
                                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                                        .body(file.content()))
                .orElseGet(() -> notFound(id));
    }

    static ResponseEntity<?> notFound(String id) {
        return WireResponses.error(
                HttpStatus.NOT_FOUND,
                new HttpHeaders(),
                "No such File object: " + id,
                "invalid_request_error",
                null);
    }
}
