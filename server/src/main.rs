#![recursion_limit = "256"]

use clap::Parser;

use server::config::{Cli, Command};

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    server::telemetry::init(&cli.log_level);
    let result = match cli.command {
        None | Some(Command::Serve) => server::commands::serve(&cli.database_url, cli.serve).await,
        Some(Command::Migrate) => server::commands::migrate(&cli.database_url).await,
        Some(Command::Seed(args)) => server::commands::seed(&cli.database_url, args).await,
        Some(Command::CreateTenant { slug, name }) => {
            server::commands::create_tenant(&cli.database_url, &slug, &name).await
        }
        Some(Command::CreateUser {
            tenant,
            email,
            password,
            role,
            name,
        }) => {
            server::commands::create_user(
                &cli.database_url,
                &tenant,
                &email,
                &password,
                &role,
                name.as_deref(),
            )
            .await
        }
        Some(Command::AddCommunication(args)) => {
            server::commands::add_communication(&cli.database_url, args).await
        }
        Some(Command::CreateWorkItem {
            tenant,
            type_name,
            title,
        }) => {
            server::commands::create_work_item(&cli.database_url, &tenant, &type_name, &title).await
        }
        Some(Command::Demo(args)) => server::commands::demo(&cli.database_url, args).await,
        Some(Command::InboundToken { tenant, rotate }) => {
            server::commands::inbound_token(&cli.database_url, &cli.serve, &tenant, rotate).await
        }
        Some(Command::InsightsNorms { tenant }) => {
            server::commands::insights_norms(&cli.database_url, &tenant).await
        }
        Some(Command::Bench(bench)) => server::commands::bench(&cli.database_url, bench).await,
        // Needs no database.
        Some(Command::SmtpSink(args)) => server::smtp_sink::run(&args.listen, args.dir).await,
    };
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
