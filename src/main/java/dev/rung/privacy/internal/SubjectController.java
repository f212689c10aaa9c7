package dev.rung.privacy.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** GDPR erasure of one subject's personal data. */
@RestController
@Tag(name = "Privacy", description = "Erasure of personal data")
class SubjectController {

    private final PersonalData personalData;

    SubjectController(PersonalData personalData) {
        this.personalData = personalData;
    }

    @DeleteMapping(path = "/v1/subjects/{subjectId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary =
                    "Erase a subject's inputs, outputs, feedback and cached answers; anonymous"
                            + " numbers stay")
    Map<String, Object> erase(@PathVariable String subjectId) {
        return Map.of("tasksErased", personalData.eraseSubject(subjectId));
    }
}
