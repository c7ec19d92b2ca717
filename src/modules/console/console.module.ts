import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';

/** The web console: static pages served by the app, talking to the API and the live gateway. */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
