package dev.rung.budgets.internal;

import dev.rung.budgets.Budgets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Today's spend and what is left of each daily cap. */
@RestController
@Tag(name = "Budgets", description = "Daily spend caps")
class BudgetController {

    private final Budgets budgets;

    BudgetController(Budgets budgets) {
        this.budgets = budgets;
    }

    @GetMapping(path = "/v1/budgets", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary =
                    "Today's (UTC) spend, reservations in flight, caps and what remains, per capped"
                            + " scope")
    List<Budgets.BudgetStatus> today() {
        return budgets.today();
    }
}
