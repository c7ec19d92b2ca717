import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AckTokenCheck, signAckToken, verifyAckToken } from '../../domain/cell/ack-token';

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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    await this.dataSource.query('INSERT INTO cell_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [KEY_NAME, randomBytes(32).toString('hex')]);
    const [row] = await this.dataSource.query('SELECT value FROM cell_secrets WHERE name = $1', [KEY_NAME]);
    this.key = Buffer.from(String(row.value), 'hex');
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
