import type { Factory } from './context.js';
import { processIo } from './io.js';
import { inquirerPrompter } from './prompter.js';

/** The real world: process streams and environment, inquirer, and the conf file store. */
export function processFactory(): Factory {
  const io = processIo();
  return {
    io,
    env: process.env,
    prompter: () => inquirerPrompter(io),
    async configStore() {
      const { createConfStore } = await import('./conf-store.js');
      return createConfStore(process.env.FRIENDER_CONFIG_DIR || undefined);
    },
  };
}
