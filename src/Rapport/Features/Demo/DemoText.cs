namespace Rapport.Features.Demo;

/// <summary>A text in each of the demo's languages: Persian, Armenian, English.</summary>
internal sealed record Said(string Fa, string Hy, string En)
{
    public string In(string language) => language switch
    {
        "fa" => Fa,
        "hy" => Hy,
        _ => En,
    };
}

/// <summary>A kind of request customers make, with what is said in it, which team takes it and how it is tagged.</summary>
internal sealed record Topic(string Team, string[] Tags, Said Subject, Said Opening, Said Reply, Said Thanks);

/// <summary>The words of the demo workspace, written for people who read these languages.</summary>
internal static class DemoText
{
    public static readonly Topic[] Topics =
    [
        new("Support", ["login"],
            new("نمی‌توانم وارد حسابم شوم", "Չեմ կարողանում մուտք գործել հաշիվս", "Can't sign in to my account"),
            new("سلام، از امروز صبح نمی‌توانم وارد حسابم شوم. می‌گوید رمز عبور اشتباه است، ولی من آن را تغییر نداده‌ام.",
                "Բարև ձեզ, այսօր առավոտվանից չեմ կարողանում մուտք գործել։ Ասում է, որ գաղտնաբառը սխալ է, բայց ես այն չեմ փոխել։",
                "Hi, since this morning I can't sign in. It says my password is wrong, but I haven't changed it."),
            new("بابت این مشکل عذرخواهی می‌کنم. لینک بازیابی رمز عبور را برایتان فرستادم؛ تا یک ساعت معتبر است.",
                "Ներողություն անհարմարության համար։ Ձեզ ուղարկեցի գաղտնաբառի վերականգնման հղում, այն վավեր է մեկ ժամ։",
                "Sorry about that. I've sent you a password reset link; it's valid for one hour."),
            new("ممنون، الان درست شد.", "Շնորհակալություն, հիմա աշխատում է։", "Thanks, it works now.")),
        new("Billing", ["billing", "double-charge"],
            new("دو بار برای اشتراک از حسابم پول کسر شده", "Բաժանորդագրության համար երկու անգամ գումար է գանձվել", "Charged twice for my subscription"),
            new("در صورت‌حساب کارتم دو برداشت یکسان برای این ماه می‌بینم. لطفاً بررسی کنید.",
                "Քարտիս վրա այս ամսվա համար երկու նույնական գանձում եմ տեսնում։ Խնդրում եմ ստուգել։",
                "I can see two identical charges on my card for this month. Could you check, please?"),
            new("حق با شماست، برداشت دوم اشتباه بوده است. مبلغ را بازگرداندم و ظرف ۳ تا ۵ روز کاری به کارتتان برمی‌گردد.",
                "Դուք իրավացի եք, երկրորդ գանձումը սխալմամբ էր։ Գումարը վերադարձրել եմ, այն ձեր քարտին կհասնի 3–5 աշխատանքային օրվա ընթացքում։",
                "You're right, the second charge was a mistake. I've refunded it; it will reach your card in 3–5 working days."),
            new("عالی، ممنون از پاسخ سریعتان.", "Հիանալի է, շնորհակալություն արագ պատասխանի համար։", "Great, thank you for the quick answer.")),
        new("Support", ["delivery"],
            new("سفارشم کجاست؟", "Որտե՞ղ է իմ պատվերը", "Where is my order?"),
            new("هفته پیش سفارش دادم و صفحه رهگیری چهار روز است که تغییری نکرده.",
                "Անցյալ շաբաթ եմ պատվիրել, և հետևման էջը չորս օր է՝ չի փոխվում։",
                "I ordered last week and the tracking page hasn't changed for four days."),
            new("با شرکت پست تماس گرفتم: بسته در انبار محلی است و فردا تحویل داده می‌شود.",
                "Ստուգեցի առաքման ծառայության հետ. ծանրոցը տեղական պահեստում է և վաղը կառաքվի։",
                "I checked with the courier: the parcel is at the local depot and will be delivered tomorrow."),
            new("امروز به دستم رسید، ممنون!", "Այսօր ստացա, շնորհակալություն։", "It arrived today, thanks!")),
        new("Billing", ["refund"],
            new("درخواست بازگشت وجه", "Գումարի վերադարձի հայց", "Request for a refund"),
            new("این محصول مناسب نیاز من نیست. چطور می‌توانم آن را مرجوع کنم و پولم را پس بگیرم؟",
                "Ապրանքը չի համապատասխանում իմ կարիքներին։ Ինչպե՞ս կարող եմ վերադարձնել այն և ստանալ գումարս։",
                "The product doesn't suit my needs. How can I return it and get my money back?"),
            new("تا ۳۰ روز می‌توانید آن را مرجوع کنید. برچسب ارسال رایگان را برایتان ایمیل کردم.",
                "Կարող եք վերադարձնել 30 օրվա ընթացքում։ Ձեզ էլ. փոստով ուղարկեցի անվճար վերադարձի պիտակ։",
                "You can return it within 30 days. I've emailed you a prepaid return label."),
            new("امروز آن را فرستادم.", "Այսօր հետ ուղարկեցի։", "I sent it back today.")),
        new("Sales", ["upgrade", "plans"],
            new("ارتقا به طرح تجاری", "Անցում բիզնես փաթեթին", "Upgrading to the business plan"),
            new("تیم ما الان ۱۲ نفر است. هزینه طرح تجاری چقدر است و آیا اطلاعاتمان حفظ می‌شود؟",
                "Մեր թիմն այժմ 12 հոգի է։ Որքա՞ն արժե բիզնես փաթեթը, և արդյո՞ք մեր տվյալները կպահպանվեն։",
                "We're a team of 12 now. What does the business plan cost, and do we keep our data?"),
            new("بله، همه اطلاعات شما حفظ می‌شود. پیش‌فاکتور ۱۲ کاربر با ۱۰٪ تخفیف سالانه را برایتان فرستادم.",
                "Այո, ձեր բոլոր տվյալները կպահպանվեն։ Ուղարկեցի 12 օգտատիրոջ գնառաջարկ՝ տարեկան 10% զեղչով։",
                "Yes, all your data stays. I've sent you a quote for 12 seats with a 10% annual discount."),
            new("خوب است، ادامه دهیم.", "Լավ է, առաջ գնանք։", "Looks good, let's go ahead.")),
        new("Support", ["bug", "mobile"],
            new("برنامه هنگام باز کردن گزارش‌ها بسته می‌شود", "Հավելվածը փակվում է հաշվետվությունները բացելիս", "The app closes when I open reports"),
            new("هر بار که صفحه گزارش‌ها را در گوشی باز می‌کنم برنامه بسته می‌شود. آخرین نسخه را نصب کرده‌ام.",
                "Ամեն անգամ, երբ հեռախոսով բացում եմ հաշվետվությունների էջը, հավելվածը փակվում է։ Տեղադրված է վերջին տարբերակը։",
                "Every time I open the reports page on my phone the app closes. I'm on the latest version."),
            new("ممنون از گزارشتان. تیم ما مشکل را بازسازی کرد و رفع آن در به‌روزرسانی بعدی، همین هفته، منتشر می‌شود.",
                "Շնորհակալություն հաղորդման համար։ Մեր թիմը վերարտադրեց խնդիրը, և ուղղումը կլինի հաջորդ թարմացման մեջ՝ այս շաբաթ։",
                "Thanks for reporting it. We reproduced it and the fix is in the next update, out this week."),
            new("به‌روز کردم، الان مشکلی ندارد.", "Թարմացրի, հիմա ամեն ինչ կարգին է։", "Updated, it's fine now.")),
        new("Support", ["address"],
            new("تغییر نشانی تحویل", "Առաքման հասցեի փոփոխություն", "Change my delivery address"),
            new("ماه گذشته اسباب‌کشی کردم. لطفاً سفارش‌های بعدی را به نشانی جدیدم بفرستید.",
                "Անցյալ ամիս տեղափոխվել եմ։ Խնդրում եմ հաջորդ պատվերներն ուղարկել իմ նոր հասցեով։",
                "I moved last month. Please send future orders to my new address."),
            new("انجام شد: نشانی جدید شما برای همه سفارش‌های بعدی ثبت شد.",
                "Արված է. ձեր նոր հասցեն պահպանված է բոլոր հետագա պատվերների համար։",
                "Done: your new address is saved for all future orders."),
            new("سپاسگزارم!", "Շնորհակալություն։", "Thank you!")),
        new("Billing", ["invoice"],
            new("نیاز به فاکتور رسمی", "Անհրաժեշտ է պաշտոնական հաշիվ-ապրանքագիր", "Need an official invoice"),
            new("واحد حسابداری ما برای ماه گذشته فاکتور رسمی با شناسه مالیاتی شرکت نیاز دارد.",
                "Մեր հաշվապահությանը անհրաժեշտ է անցյալ ամսվա պաշտոնական հաշիվ-ապրանքագիր՝ ընկերության ՀՎՀՀ-ով։",
                "Our accounts team needs an official invoice for last month with our company's tax number."),
            new("فاکتور را با شناسه مالیاتی شما صادر کردم و به ایمیلتان فرستادم.",
                "Հաշիվ-ապրանքագիրը դուրս գրեցի ձեր ՀՎՀՀ-ով և ուղարկեցի ձեր էլ. փոստին։",
                "I've issued the invoice with your tax number and sent it to your email."),
            new("دریافت شد، ممنون.", "Ստացա, շնորհակալություն։", "Received, thanks.")),
        new("Onboarding", ["onboarding", "setup"],
            new("راه‌اندازی حساب تیمی", "Թիմային հաշվի կարգավորում", "Setting up our team account"),
            new("تازه ثبت‌نام کرده‌ایم. چطور همکارانم را اضافه کنم و دسترسی‌ها را تنظیم کنم؟",
                "Նոր ենք գրանցվել։ Ինչպե՞ս ավելացնեմ գործընկերներիս և կարգավորեմ թույլտվությունները։",
                "We've just signed up. How do I add my colleagues and set their permissions?"),
            new("خوش آمدید! از بخش تنظیمات > اعضای تیم می‌توانید دعوت‌نامه بفرستید. یک جلسه آشنایی ۳۰ دقیقه‌ای هم برایتان رزرو کردم.",
                "Բարի գալուստ։ Կարգավորումներ > Թիմի անդամներ բաժնից կարող եք հրավերներ ուղարկել։ Ձեզ համար ամրագրեցի նաև 30 րոպեանոց ծանոթացման հանդիպում։",
                "Welcome! You can send invitations from Settings > Team members. I've also booked a 30-minute onboarding call for you."),
            new("عالی بود، همه اضافه شدند.", "Հիանալի է, բոլորին ավելացրինք։", "Perfect, everyone's in now.")),
    ];

    public static readonly Said StillWaiting = new("خبری نشد؟ هنوز منتظرم.", "Նորություն կա՞։ Դեռ սպասում եմ։", "Any news? I'm still waiting.");

    public static readonly Said MoreDetail = new("اطلاعات بیشتری که خواسته بودید را فرستادم.", "Ուղարկում եմ ձեր խնդրած լրացուցիչ տեղեկությունները։", "Here is the extra information you asked for.");

    public static readonly Said Checking = new("موضوع را با همکارانم بررسی می‌کنم و امروز به شما خبر می‌دهم.",
        "Հարցը ճշտում եմ գործընկերներիս հետ և այսօր կտեղեկացնեմ ձեզ։",
        "I'm checking this with the team and will get back to you today.");

    public static readonly Said AskDetail = new("برای بررسی دقیق‌تر، لطفاً شماره سفارش یا تصویری از خطا بفرستید.",
        "Ավելի մանրամասն ստուգելու համար խնդրում եմ ուղարկել պատվերի համարը կամ սխալի նկարը։",
        "To look into it, could you send your order number or a screenshot of the error?");

    public static readonly Said Note = new("لاگ‌ها را بررسی کردم؛ مشتری قدیمی است، با اولویت پیگیری شود.",
        "Ստուգեցի մատյանները. հին հաճախորդ է, հետևել առաջնահերթ։",
        "Checked the logs; long-standing customer, follow up with priority.");

    // Given names and family names, each with the Latin spelling their email address uses.
    public static readonly (string Name, string Latin)[] PersianGiven =
    [
        ("سارا", "sara"), ("مریم", "maryam"), ("علی", "ali"), ("رضا", "reza"), ("نیلوفر", "niloufar"), ("محمد", "mohammad"),
        ("زهرا", "zahra"), ("حسین", "hossein"), ("فاطمه", "fatemeh"), ("امیر", "amir"), ("پریسا", "parisa"), ("مهدی", "mahdi"),
        ("نگار", "negar"), ("کاوه", "kaveh"), ("شیرین", "shirin"), ("بهرام", "bahram"), ("لیلا", "leila"), ("آرش", "arash"),
        ("ترانه", "taraneh"), ("داریوش", "dariush"),
    ];

    public static readonly (string Name, string Latin)[] PersianFamily =
    [
        ("احمدی", "ahmadi"), ("محمدی", "mohammadi"), ("حسینی", "hosseini"), ("رضایی", "rezaei"), ("کریمی", "karimi"),
        ("موسوی", "mousavi"), ("جعفری", "jafari"), ("صادقی", "sadeghi"), ("نوری", "nouri"), ("تهرانی", "tehrani"),
        ("اکبری", "akbari"), ("قاسمی", "ghasemi"), ("رحیمی", "rahimi"), ("هاشمی", "hashemi"), ("کاظمی", "kazemi"), ("شریفی", "sharifi"),
    ];

    public static readonly (string Name, string Latin)[] ArmenianGiven =
    [
        ("Անի", "ani"), ("Արամ", "aram"), ("Նարեկ", "narek"), ("Լուսինե", "lusine"), ("Գոհար", "gohar"), ("Տիգրան", "tigran"),
        ("Մարիամ", "mariam"), ("Դավիթ", "davit"), ("Սոնա", "sona"), ("Արմեն", "armen"), ("Հասմիկ", "hasmik"), ("Վահե", "vahe"),
        ("Նունե", "nune"), ("Գևորգ", "gevorg"), ("Լիլիթ", "lilit"), ("Հայկ", "hayk"),
    ];

    public static readonly (string Name, string Latin)[] ArmenianFamily =
    [
        ("Պետրոսյան", "petrosyan"), ("Սարգսյան", "sargsyan"), ("Հովհաննիսյան", "hovhannisyan"), ("Գրիգորյան", "grigoryan"),
        ("Հարությունյան", "harutyunyan"), ("Խաչատրյան", "khachatryan"), ("Վարդանյան", "vardanyan"), ("Մկրտչյան", "mkrtchyan"),
        ("Ավետիսյան", "avetisyan"), ("Կարապետյան", "karapetyan"), ("Մարտիրոսյան", "martirosyan"), ("Ղազարյան", "ghazaryan"),
    ];

    public static readonly (string Name, string Latin)[] EnglishGiven =
    [
        ("Emma", "emma"), ("Oliver", "oliver"), ("Amelia", "amelia"), ("George", "george"), ("Isla", "isla"), ("Harry", "harry"),
        ("Sophie", "sophie"), ("Jack", "jack"), ("Olivia", "olivia"), ("James", "james"), ("Charlotte", "charlotte"),
        ("William", "william"), ("Grace", "grace"), ("Thomas", "thomas"), ("Lucy", "lucy"), ("Daniel", "daniel"),
    ];

    public static readonly (string Name, string Latin)[] EnglishFamily =
    [
        ("Smith", "smith"), ("Jones", "jones"), ("Taylor", "taylor"), ("Brown", "brown"), ("Williams", "williams"),
        ("Wilson", "wilson"), ("Johnson", "johnson"), ("Davies", "davies"), ("Robinson", "robinson"), ("Wright", "wright"),
        ("Thompson", "thompson"), ("Evans", "evans"), ("Walker", "walker"), ("White", "white"), ("Clarke", "clarke"), ("Hughes", "hughes"),
    ];

    public static readonly (string Name, string Domain, string Tier)[] Companies =
    [
        ("پارس‌تجارت", "parstejarat.example", "enterprise"), ("دیجی‌نو", "diginow.example", "business"),
        ("آرین لجستیک", "arianlogistics.example", "business"), ("Արարատ Տեխ", "ararattech.example", "enterprise"),
        ("Սևան Սոֆթ", "sevansoft.example", "starter"), ("Northwind Trading", "northwind.example", "enterprise"),
        ("Brightside Studio", "brightside.example", "business"), ("Hudson Analytics", "hudson.example", "business"),
        ("Thames Foods", "thamesfoods.example", "starter"),
    ];

    /// <summary>Agents: name, email local part, language, time zone, teams.</summary>
    public static readonly (string Name, string Email, string Language, string TimeZone, string[] Teams)[] Agents =
    [
        ("نگار رضایی", "negar.rezaei", "fa", "Asia/Tehran", ["Support"]),
        ("آرش کریمی", "arash.karimi", "fa", "Asia/Tehran", ["Support", "Onboarding"]),
        ("مریم صادقی", "maryam.sadeghi", "fa", "Asia/Tehran", ["Billing"]),
        ("Լիլիթ Սարգսյան", "lilit.sargsyan", "hy", "Asia/Yerevan", ["Support"]),
        ("Տիգրան Հովհաննիսյան", "tigran.hovhannisyan", "hy", "Asia/Yerevan", ["Sales"]),
        ("Նարեկ Գրիգորյան", "narek.grigoryan", "hy", "Asia/Yerevan", ["Billing", "Support"]),
        ("Emma Clarke", "emma.clarke", "en-GB", "Europe/London", ["Support"]),
        ("Daniel Hughes", "daniel.hughes", "en-GB", "Europe/London", ["Sales", "Onboarding"]),
        ("Grace Walker", "grace.walker", "en-US", "America/New_York", ["Support", "Billing"]),
        ("Sophie Evans", "sophie.evans", "en-US", "America/New_York", ["Onboarding"]),
    ];

    public static readonly string[] Teams = ["Support", "Billing", "Sales", "Onboarding"];
}
