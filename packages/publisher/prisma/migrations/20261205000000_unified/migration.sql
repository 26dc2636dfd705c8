-- CreateTable
CREATE TABLE "EventConsumer" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "identityId" TEXT,
    "rmqUsername" TEXT NOT NULL,
    "objectTypes" JSONB NOT NULL DEFAULT '[]',
    "scopes" JSONB NOT NULL DEFAULT '[]',
    "queueCreated" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventConsumer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EventConsumer_identityId_key" ON "EventConsumer"("identityId");

-- CreateIndex
CREATE INDEX "EventConsumer_userId_idx" ON "EventConsumer"("userId");

-- AddForeignKey
ALTER TABLE "EventConsumer" ADD CONSTRAINT "EventConsumer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventConsumer" ADD CONSTRAINT "EventConsumer_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "AgentIdentity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
