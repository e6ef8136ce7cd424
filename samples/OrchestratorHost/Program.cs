using Livepeer.Orchestrator;

// Settings come from appsettings.json, an optional devnet.json written by samples/DevnetHost,
// environment variables (Livepeer__Orchestrator__ServiceUri=...) and the command line.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddJsonFile("devnet.json", optional: true).AddEnvironmentVariables().AddCommandLine(args);

builder.Services.AddLivepeerOrchestrator(builder.Configuration);

var app = builder.Build();
app.MapLivepeerOrchestrator();
app.Run();
