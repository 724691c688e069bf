import { ensureTemplate } from './template-db.ts';

export default async function setup(): Promise<void> {
  await ensureTemplate((msg) => console.log(`  ${msg}`));
}
