-- A deployment's own price row for its local model, in a Flyway location of its own (spring.flyway.locations):
-- the model runs on the team's hardware, so its tokens cost nothing per call.
insert into model_price (model, service_tier, input_per_million, cached_input_per_million, output_per_million,
                         effective_from)
values ('qwen3:4b', 'default', 0, 0, 0, '2025-01-01T00:00:00Z')
on conflict do nothing;
