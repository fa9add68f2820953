import {
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConsumes,
  ApiHeader,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { DocumentStore } from '@tks/storage';
import { problem } from '../http/problem';
import { FilingDocument } from './filing-document.entity';
import { FilingEvent } from './filing-event.entity';
import { filingView } from './filing-view';
import { Filing } from './filing.entity';
import { FilingIntakeService } from './filing-intake.service';

const declarationTypes = ['application/xml', 'text/xml', 'application/octet-stream'];

@ApiTags('filings')
@Controller('filings')
export class FilingsController {
  constructor(
    private readonly intake: FilingIntakeService,
    private readonly store: DocumentStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Submit a declaration (the XML file as the body, windows-1251 or UTF-8)' })
  @ApiConsumes(...declarationTypes)
  @ApiQuery({ name: 'subscriberId', required: true })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiHeader({
    name: 'X-File-Name',
    required: false,
    description: 'The file name as sent; must equal ИдФайл.xml',
  })
  @ApiAcceptedResponse({ description: 'The filing is recorded and on its way' })
  async submit(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query('subscriberId') subscriberId: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('x-file-name') fileName: string | undefined,
  ) {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!declarationTypes.includes(type)) {
      req.resume();
      throw problem(415, 'TKS-MEDIA-TYPE', 'Send the declaration as application/xml');
    }
    if (!subscriberId) {
      req.resume();
      throw problem(400, 'TKS-REQUEST-INVALID', 'subscriberId is required');
    }
    const { filing, replayed } = await this.intake.submit({
      subscriberId,
      body: req,
      fileName: fileName ? decodeURIComponent(fileName) : undefined,
      idempotencyKey: idempotencyKey?.slice(0, 200),
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', `/api/v1/filings/${filing.filingId}`);
    return this.view(filing);
  }

  @Get(':filingId')
  @ApiOperation({ summary: 'Status, timeline and documents of a filing' })
  async get(@Param('filingId', new ParseUUIDPipe()) filingId: string) {
    const filing = await this.dataSource.getRepository(Filing).findOneBy({ filingId });
    if (!filing) throw problem(404, 'TKS-NOT-FOUND', 'No such filing');
    return this.view(filing);
  }

  @Get(':filingId/documents/:documentId')
  @ApiOperation({ summary: 'Download one document of the docflow' })
  async document(
    @Param('filingId', new ParseUUIDPipe()) filingId: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
    @Res() res: Response,
  ): Promise<void> {
    const doc = await this.dataSource.getRepository(FilingDocument).findOneBy({ filingId, documentId });
    if (!doc) throw problem(404, 'TKS-NOT-FOUND', 'No such document');
    res.setHeader('Content-Type', doc.mediaType);
    res.setHeader('Content-Length', String(doc.size));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`);
    this.store.open(doc.sha256).pipe(res);
  }

  private async view(filing: Filing) {
    const [documents, events] = await Promise.all([
      this.dataSource
        .getRepository(FilingDocument)
        .find({ where: { filingId: filing.filingId }, order: { createdAt: 'ASC' } }),
      this.dataSource
        .getRepository(FilingEvent)
        .find({ where: { filingId: filing.filingId }, order: { seq: 'ASC' } }),
    ]);
    return filingView(filing, documents, events);
  }
}
