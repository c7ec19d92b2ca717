import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AckTokenCheck, signAckToken, verifyAckToken } from '../../domain/cell/ack-token';
import { CellStore } from './cell.store';

const KEY_NAME = 'ack_link_key';

/**
 * The key that signs acknowledgement links, and the links themselves. From
 * CELL_ACK_SECRET when set; otherwise generated once and kept in the database,
 * so that every instance and every restart verifies the links already sent.
 * The key is never logged and never leaves this class.
 */
@Injectable()
export class CellAckKeyService implements OnModuleInit {
  private key: Buffer | null = null;

  constructor(
    private readonly store: CellStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const configured = this.config.cell.ackSecret;
    if (configured) {
      // Hashed so that any string of 32+ characters gives a full-strength 32-byte key.
      this.key = createHash('sha256').update(configured).digest();
      return;
    }
    // Two instances starting together: the first insert wins, both read the same row.
    this.key = Buffer.from(await this.store.secret(KEY_NAME, randomBytes(32).toString('hex')), 'hex');
  }

  link(jti: string, expiresAt: Date): string {
    return `${this.config.publicBaseUrl}/cell/ack/${signAckToken(jti, expiresAt, this.requireKey())}`;
  }

  verify(token: string, now: Date): AckTokenCheck {
    return verifyAckToken(token, this.requireKey(), now);
  }

  private requireKey(): Buffer {
    if (!this.key) throw new Error('the acknowledgement key is not loaded yet');
    return this.key;
  }
}
