/** The bureau's age X25519 identity: generated once, kept only inside the bureau's encrypted store. */
import type { Knex } from 'knex';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { AppError } from '../../../shared/errors';
import { getSetting, SETTING } from '../services/settings';

export interface BureauIdentity {
  identity: string;
  recipient: string;
}

export async function generateBureauIdentity(): Promise<BureauIdentity> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

export async function identity(db: Knex): Promise<BureauIdentity> {
  const id = await getSetting<BureauIdentity>(db, SETTING.bureauIdentity);
  if (!id) throw new AppError('STATE', '本局密钥缺失');
  return id;
}
