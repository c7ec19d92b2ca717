import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { fromProjectRoot } from '../../config/project-root';
import { loadTemplateCatalog, TemplateCatalog } from '../../domain/messages/template-catalog';

/**
 * The approved wordings, loaded and checked once at boot. A broken template
 * stops the start with `file:line: why`: better no product than a prefect's
 * bulletin that fails to render in the middle of a flood.
 */
@Injectable()
export class TemplatesService implements OnModuleInit {
  private readonly logger = new Logger(TemplatesService.name);
  private loaded?: TemplateCatalog;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    const dir = fromProjectRoot(this.config.messaging.templatesDir);
    this.loaded = loadTemplateCatalog(dir);
    this.logger.log({ dir, models: this.loaded.models().length, kinds: this.loaded.kinds() }, 'message templates checked');
  }

  get catalog(): TemplateCatalog {
    if (!this.loaded) throw new Error('templates are not loaded yet');
    return this.loaded;
  }
}
