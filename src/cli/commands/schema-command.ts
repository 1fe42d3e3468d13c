/** `alcove schema [campaign|sweep|limits|status]`: a JSON Schema, for editors and validators. */
import { AlcoveError } from '../../shared/errors.js';
import { EXIT, type CommandContext } from '../command-context.js';
import { isSchemaKind, SCHEMA_KINDS, schemaText } from '../schemas.js';

export function schemaCommand(ctx: CommandContext): number {
  const kind = ctx.args.positionals[0] ?? 'campaign';
  if (!isSchemaKind(kind)) {
    throw new AlcoveError('BAD_CONFIG', `schema: unknown kind '${kind}' (kinds: ${SCHEMA_KINDS.join(', ')})`);
  }
  ctx.write(schemaText(kind));
  return EXIT.done;
}
