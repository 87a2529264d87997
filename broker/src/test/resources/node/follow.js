// A client that is not taskexec's: submits a valid and an invalid task on the 'tasks' exchange
// with Node's amqplib, and prints every status message it receives for them as one JSON line,
// until the valid task completed and the invalid one was rejected.
// Usage: node follow.js AMQP_URI TASK_ID BAD_TASK_ID
const amqp = require('amqplib');

(async () => {
  const [uri, id, badId] = process.argv.slice(2);
  const conn = await amqp.connect(uri);
  const ch = await conn.createConfirmChannel();
  const q = await ch.assertQueue('', { exclusive: true });
  for (const key of ['task.status.' + id, 'task.status.' + badId, 'complete']) await ch.bindQueue(q.queue, 'tasks', key);
  let completed = false;
  let rejected = false;
  const finished = new Promise((resolve) => {
    ch.consume(q.queue, (msg) => {
      const body = JSON.parse(msg.content.toString());
      console.log(JSON.stringify({ routing_key: msg.fields.routingKey, message_id: msg.properties.messageId || null, body }));
      if (body.task_id === id && msg.fields.routingKey === 'complete') completed = true;
      if (body.task_id === badId && body.state === 'REJECTED') rejected = true;
      if (completed && rejected) resolve();
    }, { noAck: true });
  });
  const task = { id, type: 'shell', requirements: { cpu_cores: 0.5, memory_gb: 0.1, storage_gb: 0.1 },
    params: { command: 'echo hello from node' } };
  const bad = { id: badId, type: 'shel', requirements: { cpu_cores: 0, memory_gb: 0.1, storage_gb: 0.1 } };
  for (const t of [task, bad]) {
    ch.publish('tasks', 'submit', Buffer.from(JSON.stringify(t)), { persistent: true, contentType: 'application/json' });
  }
  await ch.waitForConfirms();
  const timer = setTimeout(() => { console.error('timed out waiting for the status messages'); process.exit(1); }, 60000);
  await finished;
  clearTimeout(timer);
  await conn.close();
})().catch((e) => { console.error(e); process.exit(1); });
