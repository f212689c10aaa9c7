// The official OpenAI SDK for Node, pointed at Rung by its base URL and key alone: one task through the front door
// and one typed error. Prints what came back as one JSON line for the Java test that runs it.
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY, maxRetries: 0 });
const lead = { email: 'ana@acme.io', company: 'Acme', companySize: 40, message: 'Can we get pricing for 40 seats?' };

const { data, response } = await client.chat.completions
  .create({ model: 'rung:lead-classification', user: 'node-sdk', messages: [{ role: 'user', content: JSON.stringify(lead) }] })
  .withResponse();

let error = null;
try {
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: '{}' }] });
} catch (e) {
  error = { kind: e.constructor.name, status: e.status, code: e.code, type: e.type };
}

console.log(JSON.stringify({
  content: data.choices[0].message.content,
  model: data.model,
  usage: data.usage,
  taskId: response.headers.get('x-rung-task-id'),
  error,
}));
