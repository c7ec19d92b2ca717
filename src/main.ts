import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './app.factory';
import { setHeapGrowth } from './config/heap-growth.config';

async function main(): Promise<void> {
  setHeapGrowth();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      // One line, no stack: the person starting the product must see what to fix.
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const running = await createApp(config);
  await running.app.listen(config.port, config.host);
  const where = running.db.mode === 'embedded' ? `embedded PostgreSQL in ${config.database.dataDir}` : 'PostgreSQL from DATABASE_URL';
  process.stdout.write(JSON.stringify({ level: 30, time: Date.now(), msg: `Listening on http://${config.host}:${config.port} (${where}); API docs at /api/docs` }) + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(JSON.stringify({ level: 30, time: Date.now(), msg: `${signal} received, stopping` }) + '\n');
    await running.close();
    // Said only once everything is closed: a shutdown that hangs on a pool shows by its absence.
    process.stdout.write(JSON.stringify({ level: 30, time: Date.now(), msg: 'stopped' }) + '\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`Start-up failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
