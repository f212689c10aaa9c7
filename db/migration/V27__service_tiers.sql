-- Prices per service tier: flex (a synchronous call at batch prices, slower, answered 429 when flex capacity is
-- short) and batch (the Batch API) cost half the standard price on OpenAI's pricing page, cached input included.
-- Standard prices keep the tier 'default', as OpenAI spells it.
alter table model_price add column service_tier text not null default 'default'
    check (service_tier in ('default', 'flex', 'batch'));
alter table model_price drop constraint model_price_pkey;
alter table model_price add primary key (model, service_tier, effective_from);
comment on column model_price.service_tier is 'the price list: default (standard), flex or batch';

insert into model_price (model, service_tier, input_per_million, cached_input_per_million, output_per_million, effective_from)
select p.model, t.tier, p.input_per_million / 2, p.cached_input_per_million / 2, p.output_per_million / 2, p.effective_from
  from model_price p cross join (values ('flex'), ('batch')) as t (tier)
 where p.service_tier = 'default' and p.model in ('gpt-5.4', 'gpt-5.4-mini', 'gpt-5.4-nano');

-- Which tier each attempt was sent on and billed from.
alter table attempt add column service_tier text not null default 'default'
    check (service_tier in ('default', 'flex', 'batch'));
comment on column attempt.service_tier is 'the tier the call was sent on and priced from: default (standard), flex or batch';
