/** The bureau's age X25519 identity: generated once, kept only inside the bureau's encrypted store. */
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { AppError } from '../../../shared/errors';
import { getSecretSetting, SETTING } from '../services/settings';
import type { WorkspaceAccess } from '../services/context';
import type { Knex } from 'knex';

export interface BureauIdentity {
  identity: string;
  recipient: string;
}

export async function generateBureauIdentity(): Promise<BureauIdentity> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

export async function identity(ctx: { db: Knex; workspace: Pick<WorkspaceAccess, 'openSecret'> }): Promise<BureauIdentity> {
  const id = await getSecretSetting<BureauIdentity>(ctx.db, SETTING.bureauIdentity, (v, c) => ctx.workspace.openSecret(v, c));
  if (!id) throw new AppError('STATE', '本局密钥缺失');
  return id;
}
