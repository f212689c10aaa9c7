-- Rungs at other providers (rung.gateway.providers): Anthropic bills prompt tokens written to its cache above the
-- input price, so a price row can say how much; attempt.provider tells the providers apart, and attempt.detail's
-- cacheWriteTokens counts the written tokens (part of input_tokens).
alter table model_price add column cache_write_per_million numeric(12,6) check (cache_write_per_million >= 0);
comment on column model_price.cache_write_per_million is 'USD per 1M prompt tokens written to the provider''s cache (Anthropic: 1.25 x input for the 5-minute cache); NULL: the input price';

-- List prices of two small models a ladder can start on, as their vendors publish them (standard tier).
insert into model_price (model, service_tier, input_per_million, cached_input_per_million, output_per_million,
                         cache_write_per_million, effective_from) values
    ('claude-haiku-4-5',      'default', 1.00, 0.10, 5.00, 1.25, '2025-10-15T00:00:00Z'),
    ('gemini-2.5-flash-lite', 'default', 0.10, 0.01, 0.40, null, '2025-07-22T00:00:00Z');

-- An overloaded provider (Anthropic's 529, Gemini's 503) is a provider error in the readout too.
create or replace function readout_provider_error(outcome text) returns boolean language sql immutable as $$
    select outcome in ('rate_limited', 'quota_exhausted', 'provider_error', 'timeout', 'bad_request', 'auth_error',
                       'overloaded')
$$;
