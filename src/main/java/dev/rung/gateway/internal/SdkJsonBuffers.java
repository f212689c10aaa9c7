package dev.rung.gateway.internal;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.openai.core.ObjectMappers;

import org.springframework.stereotype.Component;

/**
 * The OpenAI SDK (de)serialises with its own Jackson 2 mapper, whose buffers are recycled per
 * thread by default. Every model call runs on a virtual thread of its own, so each call allocated a
 * fresh set of buffers and kept them while it waited for the model. A shared pool hands the same
 * buffers from call to call instead; it is bounded (100 sets), so a burst of calls does not leave
 * its buffers behind for good.
 */
@Component
class SdkJsonBuffers {

    SdkJsonBuffers() {
        ObjectMappers.jsonMapper()
                .getFactory()
                .setRecyclerPool(JsonRecyclerPools.sharedBoundedPool());
    }
}
