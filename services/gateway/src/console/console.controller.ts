import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { join } from 'node:path';
import { repositoryRoot } from '../validation/repository-root';

/**
 * The web console: static HTML and plain ES modules from `services/gateway/console/`, no build
 * step. It holds no data of its own and no session on the server: the browser keeps the API key
 * and calls `/api/v1` with it, so every role check is the API's own.
 */
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'api.js': 'text/javascript; charset=utf-8',
  'views.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};
const directory = join(repositoryRoot(__dirname), 'services', 'gateway', 'console');

@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  @Get()
  index(@Res() response: Response): void {
    this.send(response, 'index.html');
  }

  @Get(':file')
  file(@Param('file') file: string, @Res() response: Response): void {
    if (!Object.hasOwn(FILES, file)) throw new NotFoundException();
    this.send(response, file);
  }

  private send(response: Response, file: string): void {
    response
      .type(FILES[file])
      // Only its own scripts and the API: a key typed into the console never leaves for elsewhere.
      .setHeader(
        'Content-Security-Policy',
        "default-src 'self'; img-src 'self' data: blob:; object-src 'none'",
      )
      .setHeader('Cache-Control', 'no-cache')
      .sendFile(join(directory, file));
  }
}
